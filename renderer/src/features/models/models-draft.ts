import type { ModelSetup } from '../../../../shared/schemas/models';

/**
 * The Models view's unsaved setup, kept for the page's life rather than the view's (as prompt drafts are): a
 * choice made and not saved survives a switch to another tab. Saving or reloading from the project clears it.
 */
let unsaved: ModelSetup | null = null;

export const unsavedModelSetup = (): ModelSetup | null => unsaved;

export function keepModelSetup(setup: ModelSetup | null): void {
  unsaved = setup;
}
