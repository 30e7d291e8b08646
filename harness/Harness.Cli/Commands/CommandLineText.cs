using System.CommandLine;

namespace Harness.Cli.Commands;

/// <summary>The command line as typed, for reports that say how to repeat a run.</summary>
internal static class CommandLineText
{
    /// <summary>The command line (after <c>harness</c>), each token quoted for a POSIX shell where needed.</summary>
    public static string Of(ParseResult parseResult) =>
        "harness " + string.Join(' ', parseResult.Tokens.Select(token => token.Value).Select(Quote));

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || "-_./:=,+@".Contains(c, StringComparison.Ordinal)) ? value : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
