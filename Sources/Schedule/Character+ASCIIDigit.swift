extension Character {
    /// `0`–`9` only; `isNumber` would also accept other scripts' digits and fractions.
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
