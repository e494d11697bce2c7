import { handleBatch } from "@/lib/webhooks/intake-handler";

export const dynamic = "force-dynamic";

/** Up to 100 events in one signed request (see lib/webhooks/intake-handler.ts). */
export async function POST(request: Request, context: { params: Promise<{ slug: string }> }) {
  return handleBatch(request, (await context.params).slug);
}
