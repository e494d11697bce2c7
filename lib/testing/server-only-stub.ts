// Unit tests run in plain Node, where the real "server-only" marker would throw.
export {};
