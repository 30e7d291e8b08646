namespace Harness.Yaml;

/// <summary>Where something was written, for messages that point back to the file.</summary>
public sealed record SourcePosition(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
