using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Harness.Reliability.Journal;

/// <summary>
/// What the journal and the checker keep of a payload instead of the payload itself: its length, a SHA-256 of its
/// UTF-8 bytes (two payloads are the same exactly when both match) and a short preview for people to read. Keeping
/// whole payloads made memory grow with every delivery (a 3.5 MB Append kept 3.5 MB for the rest of the run).
/// </summary>
public readonly record struct PayloadDigest(int Length, string Sha256, string Preview)
{
    /// <summary>Characters of the payload kept for reports and violation texts.</summary>
    public const int PreviewCharacters = 64;

    public static PayloadDigest Of(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(payload));
        try
        {
            var written = Encoding.UTF8.GetBytes(payload, buffer);
            var hash = SHA256.HashData(buffer.AsSpan(0, written));
            var preview = payload.Length > PreviewCharacters ? payload[..PreviewCharacters] : payload;
            return new PayloadDigest(payload.Length, Convert.ToHexStringLower(hash), preview);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The preview, marked when the payload is longer.</summary>
    public override string ToString() => Length > Preview.Length ? Preview + "…" : Preview;
}
