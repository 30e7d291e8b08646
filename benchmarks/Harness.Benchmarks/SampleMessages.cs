using System.Text;

namespace Harness.Benchmarks;

/// <summary>Loads the UTF-8 bytes of each <see cref="SampleMessage"/> from the embedded WCF-client captures.</summary>
public static class SampleMessages
{
    /// <summary>64 KiB of ASCII, so the payload is 65,536 bytes on the wire too.</summary>
    public const int LargePayloadChars = 64 * 1024;

    public static byte[] Load(SampleMessage message) => message switch
    {
        SampleMessage.AppendRm2005 => ReadResource("002-Append-msg1-rm2005.xml"),
        SampleMessage.AppendWithAckRm11 => ReadResource("003-Append-msg2-rm11.xml"),
        SampleMessage.PostOneWayRm2005 => ReadResource("002-Post-msg1-rm2005.xml"),
        SampleMessage.Append64KiBRm2005 => WithLargePayload(ReadResource("002-Append-msg1-rm2005.xml")),
        _ => throw new ArgumentOutOfRangeException(nameof(message), message, "no such sample message"),
    };

    private static byte[] ReadResource(string name)
    {
        using var stream = typeof(SampleMessages).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded message '{name}' is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    // Only the payload text changes, so any difference from AppendRm2005 is down to the body's size.
    private static byte[] WithLargePayload(byte[] appendMessage)
    {
        const string smallPayload = "<payload>m1</payload>";
        var xml = Encoding.UTF8.GetString(appendMessage);
        if (!xml.Contains(smallPayload, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the Append capture no longer holds '{smallPayload}'");
        }

        var largePayload = $"<payload>{new string('x', LargePayloadChars)}</payload>";
        return Encoding.UTF8.GetBytes(xml.Replace(smallPayload, largePayload, StringComparison.Ordinal));
    }
}
