namespace Dorixona.Core.Common;

/// <summary>
/// Text a person could have typed. Control characters (NUL above all, which PostgreSQL refuses in text columns)
/// and broken UTF-16 never are; tab and line breaks are, for notes and addresses.
/// </summary>
public static class InputText
{
    public const string ControlCharactersCode = "text.controlCharacters";

    public static bool IsClean(string? text)
    {
        if (text is null) return true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) return false;
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return false;
                i++;
            }
            else if (char.IsLowSurrogate(c)) return false;
        }
        return true;
    }

    /// <summary>A field error for each named text that is not clean, for a service's input checks.</summary>
    public static IEnumerable<FieldError> Check(params (string Field, string? Text)[] fields) =>
        fields.Where(f => !IsClean(f.Text)).Select(f => new FieldError(f.Field, ControlCharactersCode));
}
