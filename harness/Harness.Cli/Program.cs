using Harness.Cli.Commands;

namespace Harness.Cli;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        // An exception on a thread of its own cannot reach the command line's handler; it still ends as one line, not a stack trace.
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            var exception = e.ExceptionObject as Exception;
            Console.Error.WriteLine($"harness: unexpected {exception?.GetType().Name ?? "error"}: {exception?.Message.ReplaceLineEndings(" ")}");
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(HarnessCommandLine.VerboseVariable)))
            {
                Console.Error.WriteLine(exception);
            }

            Environment.Exit(ExitCodes.GuaranteeBroken);
        };

        return HarnessCommandLine.InvokeAsync(args, Console.Out, Console.Error);
    }
}
