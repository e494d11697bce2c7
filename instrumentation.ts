export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startBeacon } = await import("@/lib/runtime/startup");
  await startBeacon();
}
