import StackTemplate

/// A random password as Secrets Manager's `GetRandomPassword` (and so `GenerateSecretString`) makes one: from
/// letters, digits and punctuation unless excluded, with one of each included kind when required.
enum GeneratedPassword {
    /// The punctuation Secrets Manager draws from.
    static let punctuation = Array(##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##)

    /// Makes a password.
    /// - Parameters:
    ///   - recipe: Length, exclusions and the one-of-each rule.
    ///   - generator: The randomness, the system's by default.
    /// - Returns: The password.
    /// - Throws: `CommandError` when the exclusions leave no characters, or fewer characters than kinds required.
    static func make(_ recipe: SecretDefinition.GeneratedSecret, using generator: inout some RandomNumberGenerator) throws -> String {
        let excluded = Set(recipe.excludeCharacters)
        var kinds: [[Character]] = []
        if !recipe.excludeLowercase { kinds.append(Array("abcdefghijklmnopqrstuvwxyz")) }
        if !recipe.excludeUppercase { kinds.append(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) }
        if !recipe.excludeNumbers { kinds.append(Array("0123456789")) }
        if !recipe.excludePunctuation { kinds.append(punctuation) }
        if recipe.includeSpace { kinds.append([" "]) }
        kinds = kinds.map { $0.filter { !excluded.contains($0) } }.filter { !$0.isEmpty }
        let all = kinds.flatMap { $0 }
        guard !all.isEmpty else { throw CommandError("GenerateSecretString excludes every character") }
        var characters: [Character] = []
        if recipe.requireEachIncludedType {
            guard recipe.passwordLength >= kinds.count else {
                throw CommandError("GenerateSecretString.PasswordLength \(recipe.passwordLength) is shorter than the \(kinds.count) kinds of character it requires")
            }
            characters = kinds.map { $0.randomElement(using: &generator)! }
        }
        while characters.count < recipe.passwordLength { characters.append(all.randomElement(using: &generator)!) }
        characters.shuffle(using: &generator)
        return String(characters)
    }

    /// Makes a password with the system's randomness.
    static func make(_ recipe: SecretDefinition.GeneratedSecret) throws -> String {
        var generator = SystemRandomNumberGenerator()
        return try make(recipe, using: &generator)
    }
}
