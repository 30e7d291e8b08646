using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Runner.Exploring;

/// <summary>The JSON of an exploration's folder: camelCase, enums kebab-case; one object per line in the log.</summary>
public static class ExploreJson
{
    /// <summary>The space and the report, indented for reading and diffing.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>The resume log: one placement per line.</summary>
    public static JsonSerializerOptions Line { get; } = Create(indented: false);

    public static async Task WriteAsync<T>(T value, string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 16 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, value, Indented, cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<T?> ReadAsync<T>(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync<T>(stream, Indented, cancellationToken).ConfigureAwait(false);
        }
    }

    private static JsonSerializerOptions Create(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = indented,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };
}
