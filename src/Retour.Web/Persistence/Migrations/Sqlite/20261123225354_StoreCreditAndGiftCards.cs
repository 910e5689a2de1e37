using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StoreCreditAndGiftCards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CreditHolds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Purse = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PurseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    OrderReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    Captured = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CreditHolds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "GiftCards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CodeHash = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    Last4 = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    IssueReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RecipientEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Available = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    Held = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NextLapseAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GiftCards", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LedgerEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TransactionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Purse = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PurseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Account = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HoldId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StoreCreditAccounts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Available = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    Held = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NextLapseAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoreCreditAccounts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CreditHolds_PurseId_OrderReference",
                table: "CreditHolds",
                columns: new[] { "PurseId", "OrderReference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CreditHolds_Status_ExpiresAt",
                table: "CreditHolds",
                columns: new[] { "Status", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_GiftCards_CodeHash",
                table: "GiftCards",
                column: "CodeHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GiftCards_IssueReference",
                table: "GiftCards",
                column: "IssueReference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GiftCards_NextLapseAt",
                table: "GiftCards",
                column: "NextLapseAt");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_PurseId_At_Id",
                table: "LedgerEntries",
                columns: new[] { "PurseId", "At", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_PurseId_Kind_Reference_Account",
                table: "LedgerEntries",
                columns: new[] { "PurseId", "Kind", "Reference", "Account" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_TransactionId",
                table: "LedgerEntries",
                column: "TransactionId");

            migrationBuilder.CreateIndex(
                name: "IX_StoreCreditAccounts_Email_Currency",
                table: "StoreCreditAccounts",
                columns: new[] { "Email", "Currency" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StoreCreditAccounts_NextLapseAt",
                table: "StoreCreditAccounts",
                column: "NextLapseAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CreditHolds");

            migrationBuilder.DropTable(
                name: "GiftCards");

            migrationBuilder.DropTable(
                name: "LedgerEntries");

            migrationBuilder.DropTable(
                name: "StoreCreditAccounts");
        }
    }
}
