using System.Text;

namespace Harness.Runner.Reports.Html;

/// <summary>
/// report.html's script: the files of Reports/Html/scripts joined, in the order of <see cref="Files"/>, into the page's
/// one <c>&lt;script type="module"&gt;</c> (strict, and its names stay out of the global scope). Each file declares one
/// namespace, a <c>const</c> object or a class named for its view, and uses only those of the files before it, so the
/// order is the dependency order and the entry, boot.js, comes last. The list and the embedded files must agree both
/// ways: a listed file that is missing, or an embedded one left out, fails every page instead of leaving a gap.
/// </summary>
internal static class ReportScript
{
    /// <summary>The folder of Reports/Html the files are embedded from.</summary>
    public const string Folder = "scripts";

    /// <summary>The script files, shared helpers first and the entry last.</summary>
    public static IReadOnlyList<string> Files { get; } =
    [
        "util.js",
        "model.js",
        "verdict.js",
        "invariants.js",
        "histogram.js",
        "statistics.js",
        "timeline-rows.js",
        "timeline.js",
        "calls.js",
        "reproduce.js",
        "scenario.js",
        "navigation.js",
        "boot.js",
    ];

    private static readonly Lazy<string> Joined = new(() => Join(Files, HtmlTemplate.ResourcesIn(Folder), file => HtmlTemplate.Resource(Folder + "/" + file)));

    /// <summary>The page's script, ready to go between <c>&lt;script type="module"&gt;</c> and <c>&lt;/script&gt;</c>.</summary>
    public static string Source => Joined.Value;

    /// <summary>
    /// <paramref name="files"/> read and joined in order, each after a comment naming it (so the page's source shows
    /// where a line comes from). Throws when <paramref name="files"/> and <paramref name="embedded"/> differ, or when a
    /// file holds what would end or unsettle the script element.
    /// </summary>
    internal static string Join(IReadOnlyList<string> files, IReadOnlyCollection<string> embedded, Func<string, string> read)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(embedded);
        ArgumentNullException.ThrowIfNull(read);
        var missing = files.Except(embedded, StringComparer.Ordinal).ToList();
        var unlisted = embedded.Except(files, StringComparer.Ordinal).ToList();
        var repeated = files.GroupBy(file => file, StringComparer.Ordinal).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        if (missing.Count > 0 || unlisted.Count > 0 || repeated.Count > 0)
        {
            throw new InvalidOperationException(
                $"the report's script list and the files embedded from {Folder}/ disagree: not embedded [{string.Join(", ", missing)}], " +
                $"not listed [{string.Join(", ", unlisted)}], listed twice [{string.Join(", ", repeated)}]");
        }

        var script = new StringBuilder();
        foreach (var file in files)
        {
            var text = read(file);

            // Inside <script>, "</script" ends the element and "<!--" switches the HTML parser into an escaped state.
            if (text.Contains("</script", StringComparison.OrdinalIgnoreCase) || text.Contains("<!--", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{Folder}/{file} holds \"</script\" or \"<!--\", which cannot stand inside the page's script element");
            }

            script.Append("\n// ").Append(Folder).Append('/').Append(file).Append('\n').Append(text);
        }

        return script.Append('\n').ToString();
    }
}
