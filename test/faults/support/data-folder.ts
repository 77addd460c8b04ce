import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * How this machine lets the suite break a data folder. As root: a small tmpfs of its own, which can be filled
 * to the last block and remounted read-only (root ignores file permissions, so chmod proves nothing). As
 * anyone else: a folder whose permissions refuse writes, which stands in for both faults.
 */
export type FolderFaultMode = 'tmpfs' | 'chmod' | 'none';

export function folderFaultMode(): FolderFaultMode {
  if (process.getuid?.() !== 0) return 'chmod';
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'candour-faults-mount-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return 'tmpfs';
  } catch {
    return 'none';
  } finally {
    fs.rmdirSync(probe);
  }
}

/** A data folder the suite can fill or make read-only; as root it sits on a tmpfs of `sizeMb`. */
export class DataFolder {
  readonly dataDir: string;
  private readonly filler: string;

  constructor(
    readonly mode: Exclude<FolderFaultMode, 'none'>,
    private readonly root: string,
  ) {
    this.dataDir = path.join(root, 'data');
    this.filler = path.join(root, 'filler');
  }

  static create(mode: Exclude<FolderFaultMode, 'none'>, sizeMb: number): DataFolder {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'candour-faults-folder-'));
    const folder = new DataFolder(mode, root);
    if (mode === 'tmpfs') execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', root]);
    // A worker that dies mid-test must not leave a mount behind.
    process.once('exit', folder.destroy);
    return folder;
  }

  /** Fills the file system to its last block (tmpfs only). */
  fill() {
    if (this.mode !== 'tmpfs') throw new Error('Only a tmpfs can be filled');
    const fd = fs.openSync(this.filler, 'w');
    try {
      for (const size of [1 << 20, 4096]) {
        const block = Buffer.alloc(size, 1);
        try {
          for (;;) fs.writeSync(fd, block);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        }
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  unfill() {
    fs.rmSync(this.filler, { force: true });
  }

  readOnly() {
    if (this.mode === 'tmpfs') execFileSync('mount', ['-o', 'remount,ro', this.root]);
    else fs.chmodSync(this.dataDir, 0o555);
  }

  writable() {
    if (this.mode === 'tmpfs') execFileSync('mount', ['-o', 'remount,rw', this.root]);
    else fs.chmodSync(this.dataDir, 0o755);
  }

  /** Unmounts and removes everything; the servers on it must have ended. Safe to call more than once. */
  readonly destroy = () => {
    process.removeListener('exit', this.destroy);
    if (this.mode === 'tmpfs') {
      try {
        execFileSync('umount', [this.root], { stdio: 'ignore' });
      } catch {
        // busy or already gone: detach it so nothing is left mounted
        try {
          execFileSync('umount', ['-l', this.root], { stdio: 'ignore' });
        } catch {
          // not mounted
        }
      }
    } else if (fs.existsSync(this.dataDir)) {
      fs.chmodSync(this.dataDir, 0o755);
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  };
}
