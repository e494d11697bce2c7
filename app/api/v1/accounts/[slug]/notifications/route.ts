import { intakeRuntime } from "@/lib/runtime/intake";
import { handleSingleEvent } from "@/lib/webhooks/intake-handler";

export const dynamic = "force-dynamic";

/** One event from the detection platform (see lib/webhooks/intake-handler.ts). */
export async function POST(request: Request, context: { params: Promise<{ slug: string }> }) {
  return handleSingleEvent(intakeRuntime(), request, (await context.params).slug);
}
