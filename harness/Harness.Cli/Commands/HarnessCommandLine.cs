using System.CommandLine;

namespace Harness.Cli.Commands;

/// <summary>The root command and its sub-commands.</summary>
internal static class HarnessCommandLine
{
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Reliable-session fault harness: puts a fault-injecting proxy between a WS-ReliableMessaging client and service and checks ordered exactly-once delivery.")
        {
            RunCommand.Create(output, error),
            ServeCommand.Create(output, error),
            ProxyCommand.Create(output, error),
            ValidateCommand.Create(output, error),
            ListCommand.Create(output, error),
            ReportCommand.Create(output, error),
        };

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // Usage errors: one line each and exit code 2, not a help screen.
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync("harness: " + parseError.Message).ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'harness --help' or 'harness <command> --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return await parseResult.InvokeAsync(configuration).ConfigureAwait(false);
    }
}
