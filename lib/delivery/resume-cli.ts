// `npm run resume-sending`: the operator lifts a provider pause (after raising the quota or
// fixing the API key) for the whole deployment. Dispatchers pick the waiting batches up at
// their next poll. Accounts cannot do this: the pause concerns every account.
import { getDb } from "@/db/client";
import { readPause, resumeSending } from "./pause";

async function main() {
  const db = getDb();
  const pause = await readPause(db);
  if (!pause || pause.until <= Date.now()) {
    console.log("Sending is not paused.");
  } else {
    console.log(
      `Sending was paused until ${new Date(pause.until).toISOString()}: ${pause.reason}. Resuming.`,
    );
    await resumeSending(db);
    console.log("Sending resumed.");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
