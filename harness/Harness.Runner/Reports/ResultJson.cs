using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harness.Runner.Reports;

/// <summary>Reads and writes result.json (camelCase, documented by schemas/result.schema.json).</summary>
public static class ResultJson
{
    public const string FileName = "result.json";

    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };

    public static async Task WriteAsync(RunReport report, string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, report, Options, cancellationToken).ConfigureAwait(false);
        }
    }

    public static string Serialize(RunReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>Reads a result.json; a file from a newer harness (higher schema version) is refused rather than misread.</summary>
    public static async Task<RunReport> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            RunReport? report;
            try
            {
                report = await JsonSerializer.DeserializeAsync<RunReport>(stream, Options, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}: not a harness result ({e.Message})", e);
            }

            if (report is null)
            {
                throw new InvalidDataException($"{path}: empty result");
            }

            return report.SchemaVersion <= RunReport.CurrentSchemaVersion
                ? report
                : throw new InvalidDataException($"{path}: schema version {report.SchemaVersion} is newer than this harness understands ({RunReport.CurrentSchemaVersion})");
        }
    }
}
