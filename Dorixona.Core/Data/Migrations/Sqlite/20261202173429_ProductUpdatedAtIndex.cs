using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dorixona.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProductUpdatedAtIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Products_UpdatedAt",
                table: "Products",
                column: "UpdatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Products_UpdatedAt",
                table: "Products");
        }
    }
}
