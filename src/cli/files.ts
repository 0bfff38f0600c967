/**
 * The CLI's file system rules (README, "Limits" and "The command line"):
 *
 * - Reads take regular files only (no directory, device such as `/dev/zero`, FIFO or socket) of at
 *   most `MAX_INPUT_BYTES`, decoded as UTF-8; a byte order mark is dropped.
 * - Writes never replace an input: targets are compared with every input by resolved path and by
 *   device and inode. Each output goes to a temporary file in the target's directory that is
 *   renamed over the target, so a reader sees the old file or the new one, never a fragment.
 * - Commands render every output first and commit them together at the end, so a command that
 *   fails leaves no new or partial file.
 */
import { closeSync, constants, fstatSync, fsyncSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, fchmodSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, EXIT } from './errors.js';

/** Largest input file the CLI reads: 64 MiB. Larger inputs are refused before reading. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** Where an input file lives, to recognise it again as a write target. */
export interface FileIdentity {
  /** The resolved real path. */
  path: string;
  dev: number;
  ino: number;
}

/** A read input: its text and identity. */
export interface InputFile {
  text: string;
  identity: FileIdentity;
}

/** An output rendered in full, waiting for the command to succeed. */
export interface PendingWrite {
  /** The target path as the user gave it. */
  path: string;
  /** The flag that named it, for messages (`--out`, `--svg`). */
  flag: string;
  text: string;
}

function describeCode(code: string | undefined): string {
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'a directory';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  return code ?? 'unknown error';
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

const LIMIT_TEXT = `the limit is ${MAX_INPUT_BYTES / (1024 * 1024)} MiB`;

/**
 * Reads a text input under the rules above.
 * @param file - a path, or a `file:` URL (the bundled example)
 * @param label - how messages name the file
 * @param missingHint - appended to "no such file", e.g. "; set it with -M"
 * @throws CliError (exit 2) with one line naming the file
 */
export function readInputFile(file: string | URL, label: string, missingHint = ''): InputFile {
  const path = typeof file === 'string' ? file : fileURLToPath(file);
  const refuse = (why: string): never => { throw new CliError(`${label}: cannot read the file (${why})`, EXIT.usage); };
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as { code?: string }).code;
    return refuse(`${describeCode(code)}${code === 'ENOENT' ? missingHint : ''}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return refuse(`${kindOf(stats)}; expected a regular file`);
    if (stats.size > MAX_INPUT_BYTES) return refuse(`${stats.size.toLocaleString('en-US')} bytes; ${LIMIT_TEXT}`);
    // The size can change while reading; read at most one byte past the limit to notice.
    const buffer = Buffer.allocUnsafe(Math.min(stats.size + 1, MAX_INPUT_BYTES + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > MAX_INPUT_BYTES) return refuse(`larger than ${MAX_INPUT_BYTES.toLocaleString('en-US')} bytes; ${LIMIT_TEXT}`);
    if (length === buffer.length && length > stats.size) return refuse('the file grew while it was read');
    let text: string;
    try {
      // fatal: refuse bytes that are not UTF-8 rather than guess; the BOM, if any, is dropped.
      text = new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length));
    } catch {
      return refuse('not UTF-8 text');
    }
    return { text, identity: { path: realpathSync.native(path), dev: stats.dev, ino: stats.ino } };
  } catch (error) {
    if (error instanceof CliError) throw error;
    return refuse(describeCode((error as { code?: string }).code));
  } finally {
    closeSync(fd);
  }
}

/** The file a write lands on: the existing target's real path, or the path as resolved. */
function resolveTarget(write: PendingWrite, inputs: readonly FileIdentity[]): { target: string; mode?: number } {
  // A trailing slash names a directory, as the shell's `> out.json/` reads it: never a file.
  if (/[\\/]$/.test(write.path)) throw new CliError(`${write.flag} ${write.path}: names a directory (it ends with a slash); give a file path, or ${write.flag} - for standard output`, EXIT.usage);
  let stats: Stats | undefined;
  try {
    stats = statSync(write.path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'ENOENT') throw new CliError(`${write.flag} ${write.path}: cannot write (${describeCode(code)})`, EXIT.usage);
  }
  if (stats === undefined) {
    // A dangling symbolic link names the file to create: renaming over the link itself would
    // replace it with a regular file, and the file it names would never appear.
    const target = danglingTarget(write) ?? physicalPath(write.path);
    if (inputs.some((input) => input.path === target)) throw new CliError(`${write.flag} ${write.path}: is an input of this command; choose another file`, EXIT.usage);
    return { target };
  }
  // A device, FIFO or directory is never replaced (renaming over /dev/null would replace it).
  if (!stats.isFile()) throw new CliError(`${write.flag} ${write.path}: ${kindOf(stats)}; write to a regular file, or use ${write.flag} - for standard output`, EXIT.usage);
  const target = realpathSync.native(write.path);
  if (inputs.some((input) => input.path === target || (input.dev === stats.dev && input.ino === stats.ino))) {
    throw new CliError(`${write.flag} ${write.path}: is an input of this command; choose another file`, EXIT.usage);
  }
  return { target, mode: stats.mode & 0o7777 };
}

/** Where a path that does not exist points when it is a symbolic link (followed link by link). */
function danglingTarget(write: PendingWrite): string | undefined {
  let current = physicalPath(write.path);
  for (let hops = 0; hops <= MAX_LINK_HOPS; hops++) {
    let link: string;
    try {
      if (!lstatSync(current).isSymbolicLink()) return undefined;
      link = readlinkSync(current);
    } catch {
      // Nothing at `current`: the end of the chain, the file the write creates.
      return hops === 0 ? undefined : current;
    }
    // Relative to the directory that really holds the link (the path to it may pass through a
    // linked directory, where `..` would lead elsewhere lexically).
    let directory: string;
    try {
      directory = realpathSync.native(dirname(current));
    } catch {
      return undefined;
    }
    current = resolve(directory, link);
  }
  throw new CliError(`${write.flag} ${write.path}: cannot write (too many levels of symbolic links)`, EXIT.usage);
}

/**
 * A path that may not exist yet, with its directory resolved as the system resolves it: through
 * symbolic links before `..` (`lnk/../out.json` is next to the directory `lnk` points to, as a
 * shell's `>` creates it, not next to `lnk`), as the textual `resolve` would have it. A directory
 * that does not exist is left to the write, which reports it.
 */
function physicalPath(path: string): string {
  try {
    return join(realpathSync.native(dirname(path)), basename(path));
  } catch {
    return resolve(path);
  }
}

/** Symbolic links followed before giving up, as the kernel's ELOOP limit. */
const MAX_LINK_HOPS = 40;

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone, or never created: nothing to clean up.
  }
}

/** Each write with the file it lands on, checked: never an input, never two writes to one file. */
function resolveTargets(writes: readonly PendingWrite[], inputs: readonly FileIdentity[]): { write: PendingWrite; target: string; mode?: number }[] {
  const targets = writes.map((write) => ({ write, ...resolveTarget(write, inputs) }));
  targets.forEach(({ write, target }, i) => {
    const other = targets.findIndex((t) => t.target === target);
    if (other !== i) throw new CliError(`${targets[other]?.write.flag} and ${write.flag} name the same file ${write.path}`, EXIT.usage);
  });
  return targets;
}

/** A new temporary file next to `target`, open for writing. */
function openTemporary(write: PendingWrite, target: string): { temporary: string; fd: number } {
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    return { temporary, fd: openSync(temporary, 'wx', 0o666) };
  } catch (error) {
    const code = (error as { code?: string }).code;
    // The temporary file is new: only its directory can be missing (an outside try read "no
    // such file" for a directory that was not there). Through a symbolic link that directory is
    // the link's target's (an outside review read "no such directory: ." for a link in the
    // working directory to a file in one that does not exist).
    const directory = target === physicalPath(write.path) ? dirname(write.path) : dirname(target);
    const why = code === 'ENOENT' ? `no such directory: ${directory}` : describeCode(code);
    throw new CliError(`${write.flag} ${write.path}: cannot write (${why})`, EXIT.usage);
  }
}

/**
 * Checks, before anything is printed, that every output can be written: its target (as
 * `commitWrites` resolves it) and a temporary file in its directory, made and removed. So a
 * command whose files cannot be written fails before its standard output, and one whose standard
 * output is lost (exit 4) or interrupted leaves no file: its files are written after it.
 * @throws CliError (exit 2) naming the flag and path
 */
export function checkWrites(writes: readonly PendingWrite[], inputs: readonly FileIdentity[]): void {
  for (const { write, target } of resolveTargets(writes, inputs)) {
    const { temporary, fd } = openTemporary(write, target);
    closeSync(fd);
    removeQuietly(temporary);
  }
}

/**
 * Writes every output, all or nothing as far as the file system allows: each is checked against
 * the inputs and written to a temporary file next to its target first; only when all are written
 * are they renamed into place.
 * @param writes - the rendered outputs
 * @param inputs - the files this command read; none of them is ever a target
 * @throws CliError (exit 2) naming the flag and path; no temporary file is left behind
 */
export function commitWrites(writes: readonly PendingWrite[], inputs: readonly FileIdentity[]): void {
  const targets = resolveTargets(writes, inputs);
  const temporaries: string[] = [];
  try {
    for (const { write, target, mode } of targets) {
      const { temporary, fd } = openTemporary(write, target);
      temporaries.push(temporary);
      try {
        if (mode !== undefined) fchmodSync(fd, mode);
        const bytes = Buffer.from(write.text, 'utf8');
        for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
        fsyncSync(fd);
      } catch (error) {
        throw new CliError(`${write.flag} ${write.path}: cannot write (${describeCode((error as { code?: string }).code)})`, EXIT.usage);
      } finally {
        closeSync(fd);
      }
    }
    targets.forEach(({ write, target }, i) => {
      try {
        renameSync(temporaries[i] as string, target);
      } catch (error) {
        throw new CliError(`${write.flag} ${write.path}: cannot write (${describeCode((error as { code?: string }).code)})`, EXIT.usage);
      }
    });
  } finally {
    // After success every temporary has been renamed away; after a failure, none may remain.
    for (const temporary of temporaries) removeQuietly(temporary);
  }
}
