using Harness.Runner.Reports.Html;

namespace Harness.Runner.Tests.Reports;

/// <summary>report.html's script is every file of Reports/Html/scripts, joined in the declared order, and nothing else.</summary>
public sealed class ReportScriptTests
{
    private static readonly string ScriptsFolder = RepositoryFiles.PathOf("harness", "Harness.Runner", "Reports", "Html", "scripts");

    [Test]
    public void The_list_names_each_file_of_the_scripts_folder_once_and_nothing_else()
    {
        var onDisk = Directory.GetFiles(ScriptsFolder).Select(Path.GetFileName).ToList();

        onDisk.Should().NotBeEmpty();
        ReportScript.Files.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(onDisk, "a file left out of the list would never reach the page");
        ReportScript.Files[^1].Should().Be("boot.js", "the entry runs once every namespace it uses is declared");
    }

    [Test]
    public void The_page_script_holds_every_file_whole_in_the_listed_order()
    {
        var source = ReportScript.Source;

        var positions = ReportScript.Files
            .Select(file => source.IndexOf(File.ReadAllText(Path.Combine(ScriptsFolder, file)), StringComparison.Ordinal))
            .ToList();
        positions.Should().AllSatisfy(position => position.Should().BeGreaterThanOrEqualTo(0)).And.BeInAscendingOrder();
    }

    [Test]
    public void A_listed_file_not_embedded_or_an_embedded_file_not_listed_is_an_error_naming_both()
    {
        var join = () => ReportScript.Join(["util.js", "gone.js", "boot.js"], ["util.js", "extra.js", "boot.js"], _ => "const X = 1;");

        join.Should().Throw<InvalidOperationException>().WithMessage("*not embedded [gone.js]*not listed [extra.js]*");
    }

    [Test]
    public void A_file_listed_twice_is_an_error()
    {
        var join = () => ReportScript.Join(["util.js", "util.js"], ["util.js"], _ => "const X = 1;");

        join.Should().Throw<InvalidOperationException>().WithMessage("*listed twice [util.js]*");
    }

    [TestCase("const tag = '</SCRIPT>';")]
    [TestCase("// <!-- a comment the HTML parser would read")]
    public void A_file_holding_what_would_break_the_script_element_is_refused(string text)
    {
        var join = () => ReportScript.Join(["util.js"], ["util.js"], _ => text);

        join.Should().Throw<InvalidOperationException>().WithMessage("*scripts/util.js*");
    }

    [Test]
    public void Files_are_joined_in_the_order_given_each_after_a_comment_naming_it()
    {
        var joined = ReportScript.Join(["b.js", "a.js"], ["a.js", "b.js"], file => $"const {file[0]} = 1;");

        joined.Should().Be("\n// scripts/b.js\nconst b = 1;\n// scripts/a.js\nconst a = 1;\n");
    }
}
