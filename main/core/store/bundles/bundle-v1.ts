import { AppError } from '../../../../shared/ipc/result';
import { V1Assembly } from './v1-assembly';
import { V1Members } from './v1-members';
import { plaintextOfV1 } from './v1-sealed';
import { WorkSlice } from './work-slice';
import { SLICE_MS } from '../staging';

/**
 * Version 1 bundles, the files users already have: one JSON document, plain or sealed whole. Read only, and read
 * as the records of version 2, so one importer serves both.
 */

/** The bytes given the parser at once: a millisecond or so of its work. */
const PIECE_BYTES = 64 * 1024;

/**
 * A version 1 file's bytes, opened with its passphrase when sealed, as the records of a version 2 bundle, in
 * batches as they come. The document is read as a stream (v1-members.ts), a slice of a few milliseconds at a time
 * with a turn of the event loop between, never parsed whole: a file of a thousand turns, some 200 MB with a copy
 * of every prompt, holds up no request for longer than a slice. Each element is checked as it is read.
 */
export async function* recordsOfV1(bytes: Buffer, passphrase: string | undefined): AsyncGenerator<unknown[]> {
  const slice = new WorkSlice(SLICE_MS);
  const file = new V1Assembly();
  const members = new V1Members(file, {
    sealedTextAside: true,
    notJson: (problem) =>
      new AppError('BAD_INPUT', `The bundle is neither a bundle of this workbench nor JSON: ${problem}`),
  });
  yield* readInto(members, file, bytes, slice);
  members.end();
  const sealed = file.sealedFile(bytes);
  if (!sealed) {
    file.finish();
    yield file.take();
    return;
  }
  const opened = new V1Assembly();
  const plain = new V1Members(opened, {
    sealedTextAside: false,
    notJson: (problem) =>
      new AppError(
        'BAD_INPUT',
        `The bundle was opened, but what it holds is not JSON (${problem}). Nothing was imported.`,
      ),
  });
  for await (const piece of plaintextOfV1(sealed, passphrase, slice)) yield* readInto(plain, opened, piece, slice);
  // Only now, the tag proven twice over, does the end record go out: the importer lands nothing before it.
  plain.end();
  opened.finish();
  yield opened.take();
}

/** Reads `bytes` into `members` a piece at a time, handing on what `assembly` made of them after each slice. */
async function* readInto(
  members: V1Members,
  assembly: V1Assembly,
  bytes: Buffer,
  slice: WorkSlice,
): AsyncGenerator<unknown[]> {
  for (let at = 0; at < bytes.length;) {
    at = members.write(bytes, at, Math.min(at + PIECE_BYTES, bytes.length));
    if (!slice.over) continue;
    yield assembly.take();
    await slice.next();
  }
}
