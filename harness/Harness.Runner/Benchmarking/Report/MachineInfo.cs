using System.Globalization;
using System.Runtime.InteropServices;

namespace Harness.Runner.Benchmarking.Report;

/// <summary>The machine a bench ran on: figures only compare with figures from a like machine.</summary>
/// <param name="CpuModel">The first <c>model name</c> of /proc/cpuinfo; null where there is none (not Linux, or not x86).</param>
public sealed record MachineInfo(int ProcessorCount, string Os, string Runtime, string Architecture, string? CpuModel)
{
    private const string CpuInfoPath = "/proc/cpuinfo";

    public static async Task<MachineInfo> CurrentAsync(CancellationToken cancellationToken) => new(
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
        File.Exists(CpuInfoPath) ? CpuModelIn(await File.ReadAllTextAsync(CpuInfoPath, cancellationToken).ConfigureAwait(false)) : null);

    /// <summary>The value of the first <c>model name</c> line of a /proc/cpuinfo text.</summary>
    internal static string? CpuModelIn(string cpuInfo) => cpuInfo
        .Split('\n')
        .Select(line => line.Split(':', 2))
        .Where(parts => parts.Length == 2 && parts[0].Trim() == "model name")
        .Select(parts => parts[1].Trim())
        .FirstOrDefault(model => model.Length > 0);

    /// <summary><c>2 cores, Intel(R) Xeon(R) ..., Ubuntu 24.04, .NET 10.0.1</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{ProcessorCount} cores, {CpuModel ?? Architecture}, {Os}, {Runtime}");
}
