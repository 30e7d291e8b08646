using Harness.Cli.Rendering;
using Spectre.Console;

namespace Harness.Cli.Tests.Rendering;

/// <summary><see cref="CommandOutput"/>: plain text for logs and tests, Spectre's styled layout only on a terminal.</summary>
public class CommandOutputTests
{
    private static readonly string LongDescription = string.Join(' ', Enumerable.Repeat("a rather long description", 20)) + ".";

    [Test]
    public void A_writer_other_than_the_consoles_own_output_is_plain()
    {
        using var writer = new StringWriter();

        CommandOutput.For(writer).IsLive.Should().BeFalse();
    }

    [Test]
    public async Task A_plain_table_is_text_without_escape_codes_or_trailing_blanks_within_the_width()
    {
        using var writer = new StringWriter();
        var output = CommandOutput.Plain(writer);

        await output.WriteAsync(Table(output, ("first", "short"), ("second-scenario", LongDescription)), CancellationToken.None);

        var text = writer.ToString();
        text.Should().NotContain("\u001b");
        var lines = Lines(text);
        lines.Should().HaveCount(3);
        lines[0].Should().MatchRegex("^NAME +DESCRIPTION$");
        lines[1].Should().MatchRegex("^first +short$");
        lines[2].Should().StartWith("second-scenario ").And.EndWith("...");
        lines.Should().OnlyContain(line => line.Length <= CommandOutput.PlainWidth && line == line.TrimEnd());
    }

    [Test]
    public async Task A_plain_table_takes_the_width_it_is_given()
    {
        using var writer = new StringWriter();
        var output = CommandOutput.Plain(writer, width: 60);

        await output.WriteAsync(Table(output, ("second-scenario", LongDescription)), CancellationToken.None);

        Lines(writer.ToString()).Should().HaveCount(2).And.OnlyContain(line => line.Length <= 60);
    }

    [Test]
    public async Task A_terminal_gets_a_bordered_table_with_styles_and_a_unicode_ellipsis()
    {
        using var writer = new StringWriter();
        var output = CommandOutput.Terminal(writer, width: 80, height: 24);

        await output.WriteAsync(Table(output, ("second-scenario", LongDescription)), CancellationToken.None);

        var text = writer.ToString();
        text.Should().Contain("\u001b[", "headers are bold on a terminal").And.Contain("╭").And.Contain("…");
        Lines(Ansi.Strip(text)).Should().HaveCount(5, "top border, header, separator, one row, bottom border")
            .And.OnlyContain(line => line.Length <= 80);
    }

    [Test]
    public void Nothing_to_show_is_no_output_at_all()
    {
        using var writer = new StringWriter();

        CommandOutput.Plain(writer).PlainText(new Rows()).Should().BeEmpty();
    }

    private static Table Table(CommandOutput output, params (string Name, string Description)[] rows)
    {
        var table = output.NewTable("NAME", "DESCRIPTION");
        table.Columns[0].NoWrap = true;
        foreach (var (name, description) in rows)
        {
            table.AddRow(new Text(name), new OneLineText(description));
        }

        return table;
    }

    private static string[] Lines(string text) => ValidateCommandTests.Lines(text);
}
