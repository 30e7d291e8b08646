using System.CommandLine;
using Harness.Runner.Reports;

namespace Harness.Cli.Commands;

/// <summary><c>harness report</c>: rebuilds report.html from result.json, for one run folder or every run under a report directory.</summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var path = new Argument<string>("path")
        {
            Description = "A run folder (holding result.json), or a report directory such as reports/ whose every run is rebuilt along with its index.html.",
        };

        var command = new Command("report", "Rebuild report.html from result.json (one run folder, or every run in a report directory, and its index.html) and print the path.")
        {
            path,
        };

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var target = parseResult.GetValue(path)!;
            if (!Directory.Exists(target))
            {
                await error.WriteLineAsync($"harness report: {target}: no such folder").ConfigureAwait(false);
                return ExitCodes.UsageError;
            }

            try
            {
                if (File.Exists(Path.Combine(target, ResultJson.FileName)))
                {
                    await output.WriteLineAsync(Path.GetFullPath(await RunFolder.RebuildAsync(target, cancellationToken).ConfigureAwait(false))).ConfigureAwait(false);
                    return ExitCodes.Success;
                }

                var runs = Directory.GetDirectories(target).Where(folder => File.Exists(Path.Combine(folder, ResultJson.FileName))).Order(StringComparer.Ordinal).ToList();
                if (runs.Count == 0)
                {
                    await error.WriteLineAsync($"harness report: {target}: no {ResultJson.FileName} in it or in its sub-folders").ConfigureAwait(false);
                    return ExitCodes.UsageError;
                }

                var failures = 0;
                foreach (var run in runs)
                {
                    try
                    {
                        await RunFolder.RebuildAsync(run, cancellationToken).ConfigureAwait(false);
                    }
                    catch (InvalidDataException e)
                    {
                        // One damaged run must not hide the others.
                        await error.WriteLineAsync("harness report: " + e.Message.ReplaceLineEndings(" ")).ConfigureAwait(false);
                        failures++;
                    }
                }

                await output.WriteLineAsync(Path.GetFullPath(await RunFolder.WriteIndexAsync(target, cancellationToken).ConfigureAwait(false))).ConfigureAwait(false);
                return failures == 0 ? ExitCodes.Success : ExitCodes.UsageError;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync("harness report: " + e.Message.ReplaceLineEndings(" ")).ConfigureAwait(false);
                return ExitCodes.UsageError;
            }
        });

        return command;
    }
}
