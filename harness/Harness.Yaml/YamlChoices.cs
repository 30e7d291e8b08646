using System.Text;

namespace Harness.Yaml;

/// <summary>
/// The names a YAML value may take and what each one means, in the order error messages list them
/// ("unknown kind 'x'; expected one of ...").
/// </summary>
/// <param name="what">What the value is, for messages: <c>action</c>, <c>kind</c>...</param>
/// <param name="choices">The accepted names, in display order, with their values.</param>
/// <param name="alternative">Something else the value may be, appended to the list (e.g. "an attempt number &gt;= 1").</param>
public sealed class YamlChoices<T>(string what, IReadOnlyList<KeyValuePair<string, T>> choices, string? alternative = null)
{
    private readonly Dictionary<string, T> _byName = new(choices, StringComparer.Ordinal);

    public string What { get; } = what;

    /// <summary>The accepted names, in display order.</summary>
    public IReadOnlyList<string> Names { get; } = [.. choices.Select(choice => choice.Key)];

    /// <summary><c>one of a, b, c</c>, with the alternative when there is one.</summary>
    public string OneOf => $"one of {string.Join(", ", Names)}{(alternative is null ? string.Empty : $", or {alternative}")}";

    /// <summary><c>expected one of a, b, c</c>.</summary>
    public string Expected => $"expected {OneOf}";

    public bool TryGet(string name, out T value) => _byName.TryGetValue(name, out value!);

    /// <summary>The YAML name of <paramref name="value"/> (the first, if several names map to it), for reports.</summary>
    public string NameOf(T value) =>
        _byName.FirstOrDefault(pair => EqualityComparer<T>.Default.Equals(pair.Value, value)).Key
        ?? throw new ArgumentOutOfRangeException(nameof(value), value, $"not a {What}");
}

/// <summary>Builds <see cref="YamlChoices{T}"/> from enums, whose YAML names are their kebab-case member names.</summary>
public static class YamlChoices
{
    /// <summary>Every member of <typeparamref name="TEnum"/> but <paramref name="excluded"/>, named in kebab-case, in declaration order.</summary>
    public static YamlChoices<TEnum> FromEnum<TEnum>(string what, params TEnum[] excluded)
        where TEnum : struct, Enum
    {
        var members = Enum.GetValues<TEnum>()
            .Where(value => !excluded.Contains(value))
            .Select(value => KeyValuePair.Create(ToKebabCase(value.ToString()), value))
            .ToList();
        return new YamlChoices<TEnum>(what, members);
    }

    /// <summary>An enum value's YAML name, as <see cref="FromEnum"/> names it: <c>SessionFaults</c> → <c>session-faults</c>.</summary>
    public static string NameOf<TEnum>(TEnum value)
        where TEnum : struct, Enum => ToKebabCase(value.ToString());

    /// <summary><c>CreateSequenceResponse</c> → <c>create-sequence-response</c>, <c>Empty202</c> → <c>empty-202</c>.</summary>
    public static string ToKebabCase(string pascalCase)
    {
        var kebab = new StringBuilder(pascalCase.Length + 8);
        for (var i = 0; i < pascalCase.Length; i++)
        {
            var current = pascalCase[i];
            if (i > 0 && StartsWord(pascalCase[i - 1], current))
            {
                kebab.Append('-');
            }

            kebab.Append(char.ToLowerInvariant(current));
        }

        return kebab.ToString();
    }

    // A word starts at an upper-case letter after a lower-case letter or digit, and at the first digit of a number.
    private static bool StartsWord(char previous, char current) =>
        (char.IsUpper(current) && (char.IsLower(previous) || char.IsDigit(previous)))
        || (char.IsDigit(current) && char.IsLetter(previous));
}
