// RFC 9110 13.1 conditions over entity tags, whatever makes the tag (an agenda's version, a digest of the policy).

const tags = (header: string): string[] => header.split(',').map(tag => tag.trim())

/** If-Match holds: `*`, or one of its tags is this one (strong comparison: a weak W/"..." never matches). */
export const ifMatchHolds = (header: string, tag: string): boolean => header.trim() === '*' || tags(header).includes(tag)

/** If-None-Match hits: `*`, or one of its tags is this one (weak comparison: W/"..." matches). */
export const ifNoneMatchHits = (header: string, tag: string): boolean =>
  header.trim() === '*' || tags(header).some(candidate => candidate.replace(/^W\//, '') === tag)
