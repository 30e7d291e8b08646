using System.Globalization;

namespace Harness.Runner.Running;

/// <summary>Payloads that name their session and call, so a misdelivered or corrupted message is recognisable in a report.</summary>
internal static class Payloads
{
    private const string Filler = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary><c>s{session}-m{sequence}</c>, padded with a repeating filler or cut to exactly <paramref name="size"/> characters.</summary>
    public static string For(int sessionIndex, int sequence, int size)
    {
        var label = string.Create(CultureInfo.InvariantCulture, $"s{sessionIndex}-m{sequence}");
        if (label.Length >= size)
        {
            return label[..size];
        }

        return string.Create(size, label, static (span, label) =>
        {
            label.AsSpan().CopyTo(span);
            span[label.Length] = '-';
            for (var i = label.Length + 1; i < span.Length; i++)
            {
                span[i] = Filler[i % Filler.Length];
            }
        });
    }
}
