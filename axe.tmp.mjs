import AxeBuilder from "@axe-core/playwright";
import { chromium } from "@playwright/test";
const base = "http://127.0.0.1:3611";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run","--disable-quic"] });
for (const who of [["admin@demo.test","pw-admin-123"],["user@demo.test","pw-user-123"]]) {
  for (const scheme of ["light","dark"]) {
    for (const width of [390, 1366]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
      const page = await context.newPage();
      await page.request.post(`${base}/api/auth/sign-in/email`, { data: { email: who[0], password: who[1] }, headers: { origin: base } });
      if (who[0].startsWith("admin") && scheme === "light" && width === 390) {
        await page.goto(`${base}/developers`);
        await page.getByRole("button", { name: "Send test event" }).click();
        await page.getByText("Beacon answered").waitFor();
        await page.getByRole("combobox", { name: "Signature" }).selectOption("wrong");
        await page.getByRole("button", { name: "Send test event" }).click();
        await page.getByText("Beacon answered HTTP 401.").waitFor();
        const r = await new AxeBuilder({ page }).analyze();
        for (const v of r.violations) console.log(who[0], scheme, width, "/developers(after send)", v.id, v.impact, v.nodes.slice(0,2).map(n => n.target.join(" ")).join(" | "));
      }
      for (const path of ["/", "/?range=7d", "/notifications", "/notifications?q=desktop&status=delivered", "/developers", "/developers/requests", "/developers/requests?outcome=refused"]) {
        await page.goto(base + path);
        await page.waitForTimeout(300);
        const r = await new AxeBuilder({ page }).analyze();
        for (const v of r.violations) console.log(who[0], scheme, width, path, v.id, v.impact, v.nodes.slice(0,3).map(n => n.target.join(" ")).join(" | "));
        const over = await page.evaluate(() => [...document.querySelectorAll("main *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0,3).map(e => e.tagName + "." + String(e.className).slice(0,40)));
        if (over.length) console.log(who[0], scheme, width, path, "overflow in main:", over.join(", "));
      }
      await context.close();
    }
  }
}
await browser.close();
console.log("done");
