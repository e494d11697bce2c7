import { intakeRuntime } from "@/lib/runtime/intake";
import { handleBatch } from "@/lib/webhooks/intake-handler";

export const dynamic = "force-dynamic";

/** Up to 100 events in one signed request (see lib/webhooks/intake-handler.ts). */
export async function POST(request: Request, context: { params: Promise<{ slug: string }> }) {
  return handleBatch(intakeRuntime(), request, (await context.params).slug);
}
