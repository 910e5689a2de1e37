using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PolicyVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Basis",
                table: "ReturnLine",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "KeepItem",
                table: "ReturnLine",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "OfferedResolutions",
                table: "ReturnLine",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "Photos",
                table: "ReturnLine",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "PolicyVersion",
                table: "ReturnLine",
                type: "TEXT",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<decimal>(
                name: "RestockingPercent",
                table: "ReturnLine",
                type: "TEXT",
                precision: 19,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<decimal>(
                name: "ReturnShippingFee",
                table: "ReturnLine",
                type: "TEXT",
                precision: 19,
                scale: 4,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<bool>(
                name: "Unsealed",
                table: "ReturnLine",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "CustomerGroup",
                table: "Orders",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PolicyVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CopiedFrom = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyVersions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PolicyVersions_Number",
                table: "PolicyVersions",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PolicyVersions_OnePublished",
                table: "PolicyVersions",
                column: "Status",
                unique: true,
                filter: "\"Status\" = 'Published'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PolicyVersions");

            migrationBuilder.DropColumn(
                name: "Basis",
                table: "ReturnLine");

            migrationBuilder.DropColumn(
                name: "KeepItem",
                table: "ReturnLine");

            migrationBuilder.DropColumn(
                name: "OfferedResolutions",
                table: "ReturnLine");

            migrationBuilder.DropColumn(
                name: "Photos",
                table: "ReturnLine");

            migrationBuilder.DropColumn(
                name: "PolicyVersion",
                table: "ReturnLine");

            migrationBuilder.DropColumn(
                name: "RestockingPercent",
                table: "ReturnLine");

            migrationBuilder.DropColumn(
                name: "ReturnShippingFee",
                table: "ReturnLine");

            migrationBuilder.DropColumn(
                name: "Unsealed",
                table: "ReturnLine");

            migrationBuilder.DropColumn(
                name: "CustomerGroup",
                table: "Orders");
        }
    }
}
