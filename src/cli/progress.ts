// The progress line on stderr: a line of its own in a log, one line rewritten in place on a terminal, and out of the
// way of the table when stdout is the same terminal.

/** Back to the start of the line and erase it: a shorter text leaves nothing of the longer one before it. */
const ERASE = '\r\x1b[2K'

export interface ProgressOutput { write: (text: string) => unknown, isTTY?: boolean }

export class Progress {
  /** The text shown on the terminal and not yet ended by a newline; empty when no line is open. */
  private open = ''

  /** `sharesTerminal`: stdout is a terminal too (both on one screen), so rows must not land after the open line. */
  constructor (private readonly stderr: ProgressOutput, private readonly sharesTerminal = false) {}

  /** On a terminal: progress is rewritten in place (and may be shown more often). */
  get tty (): boolean { return this.stderr.isTTY === true }

  /** Shows `text`: rewritten in place on a terminal (ended when `final`), a line of its own elsewhere. */
  show (text: string, final = false): void {
    if (!this.tty) { this.stderr.write(`${text}\n`); return }
    this.stderr.write(`${ERASE}${text}${final ? '\n' : ''}`)
    this.open = final ? '' : text
  }

  /** Runs `write` (output to stdout): on a shared terminal the open line is erased first and drawn again after, so
   * a row never continues the progress text and the progress stays the last line on the screen. */
  around (write: () => void): void {
    if (this.open === '' || !this.sharesTerminal) { write(); return }
    this.stderr.write(ERASE)
    write()
    this.stderr.write(this.open)
  }

  /** Ends a line left open (before an error message or the closing tally). */
  end (): void {
    if (this.open === '') return
    this.open = ''
    this.stderr.write('\n')
  }
}
