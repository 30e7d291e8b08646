using System.Collections.Concurrent;
using System.Text;

namespace Harness.Runner.Reports.Html;

/// <summary>
/// The report pages' templates, styles and scripts, embedded in this assembly (Reports/Html/*), and the one way they
/// are filled: each <c>@@NAME@@</c> marker is replaced by a value the caller has already made safe for its place.
/// </summary>
internal static class HtmlTemplate
{
    private const string ResourcePrefix = "Harness.Runner.Reports.Html.";

    private static readonly ConcurrentDictionary<string, string> Resources = new(StringComparer.Ordinal);

    /// <summary>An embedded file of Reports/Html, e.g. <c>report.css</c> or <c>scripts/boot.js</c>.</summary>
    public static string Resource(string path) => Resources.GetOrAdd(path, static path =>
    {
        var resource = ResourcePrefix + path.Replace('/', '.');
        using var stream = typeof(HtmlTemplate).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded resource {resource} is missing from {typeof(HtmlTemplate).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    /// <summary>The names of the files embedded from one folder of Reports/Html, e.g. <c>scripts</c>.</summary>
    public static IReadOnlyList<string> ResourcesIn(string folder)
    {
        var prefix = ResourcePrefix + folder + ".";
        return [.. typeof(HtmlTemplate).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(name => name[prefix.Length..])
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// <paramref name="template"/> with every <c>@@NAME@@</c> replaced by <paramref name="values"/>[NAME], in one pass
    /// (a value is never searched for markers). A marker without a value is an error, so a typo cannot ship.
    /// </summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var capacity = template.Length + values.Values.Sum(value => value.Length);
        var output = new StringBuilder(capacity);
        var position = 0;
        while (true)
        {
            var start = template.IndexOf("@@", position, StringComparison.Ordinal);
            if (start < 0)
            {
                break;
            }

            var end = template.IndexOf("@@", start + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            var name = template[(start + 2)..end];
            if (!values.TryGetValue(name, out var value))
            {
                throw new InvalidOperationException($"template marker @@{name}@@ has no value");
            }

            output.Append(template, position, start - position).Append(value);
            position = end + 2;
        }

        return output.Append(template, position, template.Length - position).ToString();
    }

    /// <summary>
    /// JSON made safe inside a <c>&lt;script&gt;</c> element: no <c>&lt;/script</c>, <c>&lt;!--</c> or <c>&lt;script</c>
    /// can appear, because every <c>&lt;</c> becomes <c>\u003c</c>. Outside strings JSON has no <c>&lt;</c>, and inside
    /// them the escape reads back as the same character, so the document is unchanged for JSON.parse.
    /// </summary>
    public static string ScriptSafeJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return json.Contains('<', StringComparison.Ordinal) ? json.Replace("<", "\\u003c", StringComparison.Ordinal) : json;
    }
}
