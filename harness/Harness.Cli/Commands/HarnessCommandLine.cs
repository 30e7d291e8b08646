using System.CommandLine;
using System.Net.Sockets;

namespace Harness.Cli.Commands;

/// <summary>The root command and its sub-commands.</summary>
internal static class HarnessCommandLine
{
    /// <summary>Set (to anything but empty) to print the full exception after the one-line report of an unexpected error.</summary>
    internal const string VerboseVariable = "HARNESS_VERBOSE";

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
            BenchCommand.Create(output, error),
            ExploreCommand.Create(output, error),
            ShrinkCommand.Create(output, error),
        };

        var commandName = "harness";
        try
        {
            var parseResult = root.Parse(args);
            commandName = parseResult.CommandResult.Command == root ? "harness" : "harness " + parseResult.CommandResult.Command.Name;
            if (parseResult.Errors.Count > 0)
            {
                // Usage errors: one line each, naming the command and where its usage is, and exit code 2, not a help screen.
                foreach (var parseError in parseResult.Errors)
                {
                    await error.WriteLineAsync($"{commandName}: {OneLine(parseError.Message)} See '{commandName} --help'.").ConfigureAwait(false);
                }

                return ExitCodes.UsageError;
            }

            // Exceptions come here rather than to System.CommandLine's handler, which prints the stack trace.
            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            return await parseResult.InvokeAsync(configuration).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return await ReportUnexpectedAsync(commandName, e, error).ConfigureAwait(false);
        }
    }

    /// <summary>A message on one line: its line breaks and the tabs that indent them become single spaces.</summary>
    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>
    /// The last resort: whatever escaped a command is one line naming the command and the error, never a stack trace
    /// (unless <see cref="VerboseVariable"/> asks for it). What the machine refused (a port in use, a path that cannot
    /// be written) is a usage error; anything else is a failure of the harness itself, exit code 1.
    /// </summary>
    private static async Task<int> ReportUnexpectedAsync(string commandName, Exception e, TextWriter error)
    {
        var refusedByEnvironment = e is IOException or UnauthorizedAccessException or SocketException
            || e.InnerException is IOException or UnauthorizedAccessException or SocketException;
        var what = refusedByEnvironment ? string.Empty : $"unexpected {e.GetType().Name}: ";
        await error.WriteLineAsync($"{commandName}: {what}{OneLine(e.Message)}").ConfigureAwait(false);
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(VerboseVariable)))
        {
            await error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
        }

        return refusedByEnvironment ? ExitCodes.UsageError : ExitCodes.GuaranteeBroken;
    }
}
