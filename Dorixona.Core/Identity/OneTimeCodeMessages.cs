using System.Resources;
using Dorixona.Core.Common;

namespace Dorixona.Core.Identity;

/// <summary>The one-time code's SMS; texts in <c>OneTimeCodeMessages.resx</c>.</summary>
public static class OneTimeCodeMessages
{
    private static readonly ResourceManager Resources = new(typeof(OneTimeCodeMessages));

    public static string Sms(OneTimeCodePurpose purpose, string code, string? language) =>
        Resources.Text(purpose switch
        {
            OneTimeCodePurpose.ResetPassword => "sms.resetPassword",
            OneTimeCodePurpose.SignIn => "sms.signInCode",
            OneTimeCodePurpose.DeleteAccount => "sms.deleteAccount",
            _ => "sms.verification",
        }, language, code);

    /// <summary>To the owner of a verified number someone tried to register with: the answer on screen says nothing.</summary>
    public static string RegisterTaken(string? language) => Resources.Text("sms.registerTaken", language);

    /// <summary>A staff member's second factor at sign-in.</summary>
    public static string SignInCode(string code, string? language) => Resources.Text("sms.signInCode", language, code);
}
