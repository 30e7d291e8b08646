using System.Globalization;

namespace Harness.Proxy.Faults;

/// <summary>Values written the way a fault plan writes them, for descriptions in reports.</summary>
public static class FaultText
{
    /// <summary><c>0</c>, <c>3m</c>, <c>2s</c> or <c>250ms</c>: the shortest unit that states the duration exactly.</summary>
    public static string Duration(TimeSpan duration) =>
        duration == TimeSpan.Zero ? "0"
        : duration.TotalMilliseconds % 60_000 == 0 ? ((long)duration.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m"
        : duration.TotalMilliseconds % 1000 == 0 ? ((long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
        : duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
}
