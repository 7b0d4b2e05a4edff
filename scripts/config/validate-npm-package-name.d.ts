/** The types of validate-npm-package-name (it ships none): npm's own check of a package name. */
declare module "validate-npm-package-name" {
  interface Result {
    /** Whether npm accepts the name for a package published today. */
    validForNewPackages: boolean;
    validForOldPackages: boolean;
    /** Why the name was never valid. */
    errors?: string[];
    /** Why it is no longer valid (capital letters, a core module's name, too long, …). */
    warnings?: string[];
  }
  function validate(name: string): Result;
  export = validate;
}
