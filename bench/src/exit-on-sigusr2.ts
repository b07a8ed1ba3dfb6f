/**
 * Preloaded (`node --require`) into a service profiled with `--cpu-prof`: V8 writes the profile
 * only when the process exits normally, and Nest's shutdown hooks end the process by re-raising
 * SIGTERM. SIGUSR2 makes it exit normally instead, so the profile is written.
 */
process.on('SIGUSR2', () => process.exit(0));
