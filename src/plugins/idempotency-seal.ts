// Sealed answers: what admin routes answered is kept for Idempotency-Key replays encrypted (AES-256-GCM) under a key
// derived from ADMIN_API_KEY with HKDF-SHA256, so the database alone never reveals an issued API key.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

const INFO = 'meeting-evaluator idempotency admin answers v1'
const VERSION = 'v1:'
const IV_BYTES = 12
const TAG_BYTES = 16

export interface Sealer {
  /** `text` encrypted and authenticated together with `context` (which row it belongs to). */
  seal: (text: string, context: string) => string
  /** The text `seal` was given, or undefined when it was sealed under another secret, for another context, or altered. */
  open: (sealed: string, context: string) => string | undefined
}

export function sealer (secret: string): Sealer {
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), INFO, 32))
  return {
    seal (text, context) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(context))
      const encrypted = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
      return VERSION + Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64')
    },
    open (sealed, context) {
      if (!sealed.startsWith(VERSION)) return undefined
      const bytes = Buffer.from(sealed.slice(VERSION.length), 'base64')
      if (bytes.length < IV_BYTES + TAG_BYTES) return undefined
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES })
          .setAAD(Buffer.from(context))
          .setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
        return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
      } catch {
        return undefined
      }
    }
  }
}
