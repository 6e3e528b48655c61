// Logstreamer: the engine behind LogstreamerInput and heka-logstreamer. No pipeline here.
//
// Finding streams
//   const set = await LogstreamSet.open({ logDirectory, fileMatch, priority, differentiator,
//     translation, oldestDurationMs, journalDirectory });     // throws HekaError: bad dir/regexp
//   const { newStreams, errors, problems } = await set.scan(); // first scan, then every rescan
//   - `errors` are Heka's scan errors (Init fails on any; at rescan they are only logged);
//   - `problems` are files whose sort values could not be resolved (Heka ignored them);
//   - each new stream (`set.streams.get(name)`) has its `journal` and the `saved` position it
//     held; a rescan replaces an existing stream's `files` in place (a reader sees the change).
//
// Reading a stream (one reader per stream; calls never overlap; nothing is printed)
//   const reader = new LogstreamReader(stream, { start: stream.saved, onEvent });
//   const chunk = await reader.read();   // { bytes, file, offset } or undefined
//   - undefined means "nothing now": end of data, no file yet, or a file error (reported via
//     onEvent and retried on the next read without losing the position). The caller waits
//     (Heka: 250 ms) and calls read() again; the reader never waits or busy-loops itself.
//   - rotation (Heka's three checks: size shrank, was empty, hash mismatch) is looked for before
//     reading on from an end of data; the reader switches to the next file only after a second
//     end of data, so bytes written to a renamed file just before rotation are still read.
//   - chunks never span files; `bytes` must not be modified (the reader keeps recent ones to hash
//     positions).
//
// Checkpointing only what was delivered
//   When every record up to byte `end` of a chunk has been delivered downstream:
//     await stream.journal?.save(await reader.positionAt(chunk.file, chunk.offset + end));
//   positionAt works for any file the reader returned chunks from (an earlier one included, and
//   under its new name if the reader saw it renamed); Journal.save replaces the journal atomically.
//   reader.close() releases the file; read() after close() is a bug and throws.
export * from './match-parts.js';
export * from './pattern.js';
export * from './walk.js';
export * from './discovery.js';
export * from './hash.js';
export * from './journal.js';
export * from './source.js';
export * from './set.js';
export * from './reader.js';
export * from './options.js';
