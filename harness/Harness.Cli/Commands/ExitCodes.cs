namespace Harness.Cli.Commands;

/// <summary>The command line's exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Every expectation met (or the command simply succeeded).</summary>
    public const int Success = 0;

    /// <summary>A guarantee was broken or an expectation unmet.</summary>
    public const int GuaranteeBroken = 1;

    /// <summary>Usage, scenario or configuration error.</summary>
    public const int UsageError = 2;
}
