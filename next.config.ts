import type { NextConfig } from "next";
import { COMMON_SECURITY_HEADERS, NON_PAGE_CSP } from "./lib/security/headers";

const common = Object.entries(COMMON_SECURITY_HEADERS).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Lets several builds (e.g. parallel test runs) live side by side without clobbering `.next`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Every response; pages add their nonce CSP in proxy.ts, everything else allows nothing.
  async headers() {
    return [
      { source: "/:path*", headers: common },
      {
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: NON_PAGE_CSP }],
      },
    ];
  },
};

export default nextConfig;
