import type { Metadata } from "next";
import { NotFoundCard } from "@/app/_components/not-found-card";

export const metadata: Metadata = { title: "Page not found" };

/** A record that is missing or not this account's, inside the portal's layout. */
export default function PortalNotFound() {
  return <NotFoundCard signedIn />;
}
