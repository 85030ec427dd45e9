using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dorixona.Core.Data.Migrations;

/// <summary>The settings an admin changes without a deploy (docs/decisions/0012). Provider-neutral (0002).</summary>
[DbContext(typeof(DorixonaDbContext))]
[Migration("20261123090000_Settings")]
public sealed class SettingsTable : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ShopSettings",
            columns: table => new
            {
                Key = table.Column<string>(maxLength: 64, nullable: false),
                Value = table.Column<string>(maxLength: 256, nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedById = table.Column<Guid>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ShopSettings", x => x.Key);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "ShopSettings");
    }
}
