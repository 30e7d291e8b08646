using System.Text;
using System.Text.RegularExpressions;

namespace Harness.Protocol.Tests.Support;

/// <summary>
/// The recorded real messages copied from shared/wire: requests of the real WCF client and answers of the
/// CoreWCF reliable-session service.
/// </summary>
internal static partial class WireData
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Data", "wire");

    /// <summary>Every WCF-client request, as paths relative to the wcf-client folder.</summary>
    public static IEnumerable<string> WcfClientMessages() =>
        Directory.EnumerateFiles(Path.Combine(Root, "wcf-client"), "*.xml", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Path.Combine(Root, "wcf-client"), path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static byte[] WcfClientMessage(string relativePath) =>
        File.ReadAllBytes(Path.Combine(Root, "wcf-client", relativePath));

    /// <summary>CoreWCF exchanges: every request/response file that has a SOAP body.</summary>
    public static IEnumerable<string> CoreWcfFiles() =>
        Directory.EnumerateFiles(Path.Combine(Root, "corewcf-service"), "*.http", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Path.Combine(Root, "corewcf-service"), path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    /// <summary>An HTTP capture: status or request line, headers and the body bytes.</summary>
    public static HttpCapture CoreWcf(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(Root, "corewcf-service", relativePath), Encoding.UTF8).Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var body = split < 0 ? string.Empty : text[(split + 2)..].Trim();
        var lines = head.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var status = StatusPattern().Match(lines[0]) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return new HttpCapture(lines[0], status, body);
    }

    /// <summary>The RM version named by a path's first folder (rm2005 or rm11).</summary>
    public static Versions.ReliableMessagingVersion VersionOf(string relativePath) =>
        relativePath.StartsWith("rm11", StringComparison.Ordinal)
            ? Versions.ReliableMessagingVersion.WSReliableMessaging11
            : Versions.ReliableMessagingVersion.WSReliableMessagingFebruary2005;

    [GeneratedRegex(@"^HTTP/1\.1 (\d{3})")]
    private static partial Regex StatusPattern();
}

internal sealed record HttpCapture(string FirstLine, int Status, string Body)
{
    public bool IsResponse => Status > 0;

    public byte[] BodyBytes => Encoding.UTF8.GetBytes(Body);
}
