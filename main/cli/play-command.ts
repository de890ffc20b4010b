import path from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { Option } from 'commander';
import { AppError } from '../../shared/ipc/result';
import { Architecture } from '../../shared/schemas/plans/agents';
import type { TurnResult } from '../../shared/schemas/turn';
import { LlamaCppModel } from '../core/models/llama-cpp/llama-cpp-model';
import { playScript, type PlayReport } from '../core/playtest/headless-play';
import { loadPlayScript } from '../core/playtest/play-script';
import { PromptFiles } from '../core/prompts/prompt-files';
import { SessionPlayer } from '../core/session/session-player';
import type { NarrativePiece } from '../core/planning/turn-context';
import { defaultDbFile, openHostStore } from '../core/data-dir';
import { newKey, rawMasterKey } from '../core/store/crypto';
import { SessionStore } from '../core/store/session-store';
import { REPO_DIR } from '../core/paths';
import { addModelOptions, modelFromFlags, type ModelFlags } from './model-options';
import { SEED_MAX } from '../../shared/schemas/session-state';
import { plural } from '../../shared/rules/plural';

/** Exit code for a script that cannot be played as written. */
export const EXIT_BAD_SCRIPT = 2;

const DEFAULT_WORLD = path.join(REPO_DIR, 'examples', 'harbor-heist.world.yaml');

/** The narrative as the narrator writes it, ahead of the rest of its turn; a re-ask starts it on a new line. */
class NarrativePrinter {
  private step: string | null = null;
  /** What the last model step streamed: compared with the narrative the turn kept. */
  text = '';
  streamed = false;

  begin(index: number, input: string): void {
    this.step = null;
    this.text = '';
    this.streamed = false;
    console.log(`\n── Turn ${index + 1}\n> ${input}\n`);
  }

  write(piece: NarrativePiece): void {
    if (this.step !== null && piece.stepId !== this.step) {
      process.stdout.write('\n[the narrator was asked again]\n');
      this.text = '';
    }
    this.step = piece.stepId;
    this.text += piece.text;
    this.streamed = true;
    process.stdout.write(piece.text);
  }
}

function printTurn(turn: TurnResult, printer: NarrativePrinter): void {
  const frozen = turn.timeFrozen ? ' · time frozen' : '';
  if (!printer.streamed) {
    if (turn.narrative) console.log(turn.narrative);
  } else if (printer.text === (turn.narrative ?? '')) process.stdout.write('\n');
  else {
    // The story rules changed what was written (choices moved out of the prose), or the answer was dropped.
    console.log(`\n\n[kept as]\n${turn.narrative ?? '(no narrative: see the warnings)'}`);
  }
  console.log(`\n   ${turn.mode} (${turn.agent}) · ${turn.clock} · turn counter ${turn.turnCounter}${frozen}`);
  if (turn.planningBlock) {
    const block = turn.planningBlock;
    if (block.situation_assessment) console.log(`\nSituation: ${block.situation_assessment.current_state}`);
    console.log('\nChoices:');
    for (const [id, choice] of Object.entries(block.choices))
      console.log(`  [${choice.risk_level}] ${choice.text}  (${id})`);
    if (block.analysis) console.log(`Recommended: ${block.analysis.recommended_approach}`);
  }
  for (const w of turn.warnings) console.log(`  warning ${w.code}: ${w.message}`);
  for (const e of turn.errors) console.log(`  error ${e.code}: ${e.message}`);
}

/** The most recent stored session of a script, found by its title. */
function latestSessionOf(store: SessionStore, title: string): string {
  const found = store.listSessions().find((session) => !session.locked && session.title === title);
  if (!found)
    throw new AppError('NOT_FOUND', `No stored session of "${title}" to resume; play it once without --resume.`);
  return found.id;
}

export function registerPlayCommand(program: Command): void {
  const command = program
    .command('play')
    .description('Play a playtest script (YAML or JSON) headless, turn by turn')
    .argument('<script>', 'the playtest script')
    .option('--json', 'print one JSON document with every turn, its plans and its trace')
    .addOption(
      new Option(
        '--architecture <architecture>',
        "planning architecture (default: the script's, else distributed)",
      ).choices(Architecture.options),
    )
    .option('--seed <n>', "seed of the scripted model and the dice (default: the script's, else 1)", (value) => {
      if (!/^\d+$/.test(value) || Number(value) > SEED_MAX)
        throw new AppError('BAD_INPUT', `--seed must be a whole number from 0 to ${SEED_MAX}, not ${value}`);
      return Number(value);
    })
    .option('--project <dir>', 'project folder whose prompts/ the agents use', REPO_DIR)
    .option('--db <file>', "session database to save the session in (default: sessions.db in the user's data folder)")
    .option(
      '--resume [session]',
      "go on with a stored session from the script's first unplayed turn (default: the latest session of this script)",
    )
    .option('--no-save', 'play in memory and store nothing');
  addModelOptions(command).action(
    async (
      file: string,
      options: {
        json?: boolean;
        architecture?: Architecture;
        seed?: number;
        project: string;
        db?: string;
        resume?: string | true;
        save: boolean;
      } & ModelFlags,
    ) => {
      let loaded;
      try {
        loaded = await loadPlayScript(path.resolve(file), DEFAULT_WORLD);
      } catch (error) {
        if (error instanceof AppError) {
          console.error(`narrative-workbench play: ${error.message}`);
          process.exit(EXIT_BAD_SCRIPT);
        }
        throw error;
      }
      const { script, world } = loaded;
      if (!options.save && options.resume)
        throw new AppError('BAD_INPUT', '--resume needs a stored session; it cannot be used with --no-save');
      const projectDir = path.resolve(options.project);
      const files = new PromptFiles(path.join(projectDir, 'prompts'));
      const store = options.save
        ? await openHostStore(options.db)
        : SessionStore.open(':memory:', rawMasterKey('keyfile', newKey()));
      let model;
      try {
        model = modelFromFlags(
          options,
          options.save ? store : null,
          process.env,
          script.latencies ? { latencyMs: script.latencies } : {},
        );
      } catch (error) {
        store.close();
        throw error;
      }
      const printer = new NarrativePrinter();
      const player = new SessionPlayer({
        store,
        model,
        project: projectDir,
        prompts: () => files.readAll(),
        orchestration: () => options.orchestration,
        ...(options.json ? {} : { onNarrative: (_sessionId: string, piece: NarrativePiece) => printer.write(piece) }),
      });
      let sessionId: string;
      if (options.resume) {
        sessionId = options.resume === true ? latestSessionOf(store, script.title) : store.session(options.resume).id;
      } else {
        sessionId = player.create({
          title: script.title,
          world,
          architecture: options.architecture ?? script.architecture ?? 'distributed',
          seed: options.seed ?? script.seed ?? 1,
        }).id;
      }
      // The fixed turns, then those a simulated player chooses.
      const planned = script.turns.length + (script.player?.turns ?? 0);
      const remaining = planned - store.session(sessionId).turns;
      const bar =
        !options.json && process.stderr.isTTY
          ? new SingleBar({
              format: 'Playing {bar} {value}/{total} turns',
              hideCursor: true,
              stream: process.stderr,
              clearOnComplete: true,
            })
          : null;
      bar?.start(planned, planned - remaining);
      let report: PlayReport;
      try {
        report = await playScript({
          script,
          player,
          store,
          sessionId,
          model,
          onTurnStart: (input, index) => {
            if (options.json) return;
            bar?.stop();
            printer.begin(index, input);
          },
          onTurn: (turn, done) => {
            if (!options.json) {
              printTurn(turn, printer);
              if (done < planned) bar?.start(planned, done);
            }
            bar?.update(done);
          },
        });
      } finally {
        bar?.stop();
        store.close();
        await LlamaCppModel.disposeAll();
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const { summary } = report;
      const resumed = report.resumedAt ? ` (resumed after turn ${report.resumedAt})` : '';
      console.log(
        `\n${report.title}: ${plural(summary.turns, 'turn')}${resumed} with ${report.model}, ${report.architecture} planning; ${plural(summary.warnings, 'warning')}, ${plural(summary.errors, 'error')}; turn counter ${summary.turnCounter}.`,
      );
      if (options.save)
        console.log(`Saved as session ${report.sessionId} in ${path.resolve(options.db ?? defaultDbFile())}.`);
    },
  );
}
