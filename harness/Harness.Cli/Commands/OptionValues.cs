using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Harness.Cli.Commands;

/// <summary>
/// Parsers for option values that report a bad value as a one-line usage error naming the option and what it takes.
/// System.CommandLine's own conversion error names a .NET type, and a validator reading a value that did not convert
/// throws, so every numeric and path option parses its text here instead.
/// </summary>
internal static class OptionValues
{
    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static void AcceptWholeNumber(this Option<int> option, int min, int max) =>
        option.CustomParser = result => TryParseWholeNumber(result, option.Name, min, max, Range(min, max), out var value) ? value : default;

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; absent is null.</summary>
    public static void AcceptWholeNumber(this Option<int?> option, int min, int max) =>
        option.CustomParser = result => TryParseWholeNumber(result, option.Name, min, max, Range(min, max), out var value) ? value : null;

    /// <summary>Any 64-bit whole number (a seed); absent is null.</summary>
    public static void AcceptWholeNumber(this Option<long?> option) =>
        option.CustomParser = result => TryParseWholeNumber(result, option.Name, long.MinValue, long.MaxValue, "a whole number", out var value) ? value : null;

    /// <summary>A file path; an empty one, or one the platform cannot represent, is a usage error.</summary>
    public static void AcceptFilePath(this Option<FileInfo?> option) =>
        option.CustomParser = result => ParseFilePath(result, option.Name);

    /// <summary>
    /// One of <paramref name="choices"/>; unlike System.CommandLine's AcceptOnlyFromAmong, whose error spans several
    /// lines and does not name the option, the error is one line that does.
    /// </summary>
    public static void AcceptOnly(this Option option, params string[] choices) =>
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(token => !choices.Contains(token.Value, StringComparer.Ordinal)))
            {
                result.AddError($"{option.Name} must be one of {string.Join(", ", choices)}, got '{token.Value}'.");
            }
        });

    /// <summary>
    /// Scenario paths: a token that looks like an option and names no file is an option this command does not have
    /// (a mistyped <c>--report-dir</c>), which would otherwise be reported as a missing scenario file.
    /// </summary>
    public static void RejectUnknownOptions(this Argument<string[]> paths, Command command) =>
        paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(token => token.Value.StartsWith('-') && token.Value.Length > 1 && !File.Exists(token.Value) && !Directory.Exists(token.Value)))
            {
                var known = string.Join(", ", command.Options.Where(option => !option.Hidden && option.Name.StartsWith("--", StringComparison.Ordinal)).Select(option => option.Name).Where(name => name != "--help"));
                result.AddError($"unknown option '{token.Value}'; {command.Name} takes {known}.");
            }
        });

    private static string Range(int min, int max) => string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}");

    private static bool TryParseWholeNumber<T>(ArgumentResult result, string name, T min, T max, string expected, out T value)
        where T : struct, IBinaryInteger<T>
    {
        value = default;
        if (result.Tokens.Count == 0)
        {
            return false;
        }

        var text = result.Tokens[^1].Value;
        if (!T.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            result.AddError($"{name} must be {expected}, got '{text}'.");
            return false;
        }

        return true;
    }

    private static FileInfo? ParseFilePath(ArgumentResult result, string name)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = result.Tokens[^1].Value;
        try
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                return new FileInfo(text);
            }
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException or System.Security.SecurityException)
        {
            // The platform cannot represent the path: reported below like an empty one.
        }

        result.AddError($"{name} must be a file path, got '{text}'.");
        return null;
    }
}
