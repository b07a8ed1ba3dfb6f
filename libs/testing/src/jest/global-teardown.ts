export default async function globalTeardown(): Promise<void> {
  const infrastructure = globalThis.__chuishaoInfrastructure;
  globalThis.__chuishaoInfrastructure = undefined;
  await infrastructure?.stop();
}
