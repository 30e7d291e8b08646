using Microsoft.Playwright;

namespace Harness.Reports.Tests.Support;

/// <summary>
/// The system's Chromium (Debian's package at /usr/bin/chromium, or <c>HARNESS_CHROMIUM</c>) driven by Playwright.
/// Playwright's own browser download is never used: it cannot be fetched here, and the system browser is what CI has.
/// </summary>
internal static class Chromium
{
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("HARNESS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Fail($"Chromium is not at {ExecutablePath}: install it (Debian: apt-get install -y chromium) or set HARNESS_CHROMIUM to a Chromium or Chrome executable.");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Timeout = 60_000,

                // As root there is no sandbox; the rest keeps Chromium from calling home on a machine without a network.
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-default-apps",
                ],
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
