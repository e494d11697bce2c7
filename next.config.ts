import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Lets several builds (e.g. parallel test runs) live side by side without clobbering `.next`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

export default nextConfig;
