using System.Resources;
using Dorixona.Core.Common;

namespace Dorixona.Core.Identity;

/// <summary>The one-time code's SMS; texts in <c>OneTimeCodeMessages.resx</c>.</summary>
public static class OneTimeCodeMessages
{
    private static readonly ResourceManager Resources = new(typeof(OneTimeCodeMessages));

    public static string Sms(OneTimeCodePurpose purpose, string code, string? language) =>
        Resources.Text(purpose == OneTimeCodePurpose.ResetPassword ? "sms.resetPassword" : "sms.verification", language, code);
}
