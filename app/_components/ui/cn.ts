import { type ClassValue, clsx } from "clsx";
import { twMerge } from "tailwind-merge";

/** Class names joined, a caller's utility winning over a primitive's default for the same property. */
export function cn(...classes: ClassValue[]): string {
  return twMerge(clsx(classes));
}
