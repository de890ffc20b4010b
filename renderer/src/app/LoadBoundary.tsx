import { Component, type ReactNode } from 'react';

interface Props {
  /** What failed, as the message names it: "The prompt editor". */
  what: string;
  /** A whole view's place (a `main` landmark), or a part of one. */
  landmark?: boolean;
  /** What can still be done without the part (a paused turn's Continue and Stop), beside the reload. */
  actions?: ReactNode;
  children: ReactNode;
}

/**
 * Holds what a part of the workbench fails with while it loads or draws (its code not fetched because the host was
 * stopped or rebuilt meanwhile, or a fault of ours) and says so in that part's place: the tabs and the rest of the
 * workbench go on working. React keeps a lazy part's failed load until the page loads again, so the message offers
 * a reload.
 */
export class LoadBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const failed = (
      <div className="load-failed" role="alert">
        <p>
          {this.props.what} could not be shown: {error.message}
        </p>
        <p className="load-failed-why">
          If the workbench’s host was restarted or updated since the page opened, reloading the page loads it again.
        </p>
        <button type="button" className="primary" onClick={() => location.reload()}>
          Reload the page
        </button>
        {this.props.actions}
      </div>
    );
    return this.props.landmark ? <main>{failed}</main> : failed;
  }
}
