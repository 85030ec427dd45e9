using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dorixona.Core.Data.Migrations;

/// <summary>
/// The admin can deactivate substances and manufacturers as well (categories, products and branches
/// already had the flag); existing rows stay active.
/// </summary>
[DbContext(typeof(DorixonaDbContext))]
[Migration("20261122090000_CatalogAdmin")]
public sealed class CatalogAdmin : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>(name: "IsActive", table: "ActiveSubstances", nullable: false, defaultValue: true);
        migrationBuilder.AddColumn<bool>(name: "IsActive", table: "Manufacturers", nullable: false, defaultValue: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "IsActive", table: "ActiveSubstances");
        migrationBuilder.DropColumn(name: "IsActive", table: "Manufacturers");
    }
}
